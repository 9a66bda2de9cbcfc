/*
 * release.c - (being written)
 */
