/*
 * cmd_clone.c - (being written)
 */
#include "cli.h"
