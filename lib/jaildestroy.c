/*
 * jaildestroy.c - (being written)
 */
