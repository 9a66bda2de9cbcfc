/*
 * migrate.c - (being written)
 */
