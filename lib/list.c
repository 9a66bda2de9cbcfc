/*
 * list.c - (being written)
 */
