/*
 * activate.c - (being written)
 */
