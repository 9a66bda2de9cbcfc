/*
 * cmd_activate.c - (being written)
 */
#include "cli.h"
