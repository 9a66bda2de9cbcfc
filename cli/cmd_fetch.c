/*
 * cmd_fetch.c - (being written)
 */
#include "cli.h"
