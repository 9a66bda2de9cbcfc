/*
 * cmd_deactivate.c - (being written)
 */
#include "cli.h"
