/*
 * cmd_promote.c - (being written)
 */
#include "cli.h"
