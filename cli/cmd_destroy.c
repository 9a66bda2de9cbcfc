/*
 * cmd_destroy.c - (being written)
 */
#include "cli.h"
