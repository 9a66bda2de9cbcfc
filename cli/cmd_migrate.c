/*
 * cmd_migrate.c - (being written)
 */
#include "cli.h"
