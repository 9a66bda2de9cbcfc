/*
 * jailops.c - (being written)
 */
