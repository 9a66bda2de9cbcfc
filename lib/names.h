/*
 * names.h - validation of every name before it reaches an argv or a path.
 */
#ifndef IOC_NAMES_H
#define IOC_NAMES_H

#include "ioc.h"

#define IOC_NAME_MAX 31

/* A jail or release name as found on disk (legacy UUIDs, old tags). */
int names_existing_ok(const char *name);

/* A dataset name: components of [A-Za-z0-9_.:-], no leading "-". */
int names_dataset_ok(const char *ds);

/* A snapshot short name (after "@"). */
int names_snapshot_ok(const char *snap);

/* A legacy UUID name: 8-4-4-4-12 alphanumeric groups. */
int names_is_uuid(const char *name);

#endif /* IOC_NAMES_H */
