/*
 * cmd_list.c - (being written)
 */
#include "cli.h"
