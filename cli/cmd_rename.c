/*
 * cmd_rename.c - (being written)
 */
#include "cli.h"
