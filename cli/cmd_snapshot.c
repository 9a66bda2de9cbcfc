/*
 * cmd_snapshot.c - (being written)
 */
#include "cli.h"
