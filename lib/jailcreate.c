/*
 * jailcreate.c - (being written)
 */
