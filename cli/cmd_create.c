/*
 * cmd_create.c - (being written)
 */
#include "cli.h"
