/*
 * manifest.h - the checksum lists of a release mirror: FreeBSD's MANIFEST
 * (six TAB-separated fields per set) and HardenedBSD's CHECKSUMS.SHA256
 * (sha256(1) BSD lines "SHA256 (path) = hex", whose older files name the
 * assets by absolute build paths).
 */
#ifndef IOC_MANIFEST_H
#define IOC_MANIFEST_H

#include <stddef.h>

#include "ioc.h"

#define MANIFEST_MAX	  ((size_t)1024 * 1024) /* largest file accepted */
#define MANIFEST_HEX_LEN  64
#define MANIFEST_FREEBSD  "MANIFEST"
#define MANIFEST_HARDENED "CHECKSUMS.SHA256"

enum manifest_kind {
	MANIFEST_KIND_FREEBSD = 1, /* MANIFEST */
	MANIFEST_KIND_BSDSUM,	   /* SHA256 (name) = hex */
	MANIFEST_KIND_GNUSUM,	   /* hex  name (sha256sum) */
};

struct manifest_entry {
	char *asset;			   /* basename: "base.txz" */
	char sha256[MANIFEST_HEX_LEN + 1]; /* lower-case hex */
	int on;				   /* MANIFEST: installed by default */
	size_t line;			   /* where it was read */
};

struct manifest {
	enum manifest_kind kind;
	struct manifest_entry *v;
	size_t n;
};

/*
 * Parse a checksum list; the format is recognised from its first
 * non-blank line.  Every line must be well formed: a truncated or
 * malformed one is IOC_EPARSE "line N: ..." and nothing is returned.
 * Blank lines are skipped; a CR before the LF is accepted.  Assets are
 * keyed by the basename of the path a line names; two lines giving the
 * same basename different sums are an error.  An empty list is an error.
 * out is overwritten; release it with manifest_free().
 */
int manifest_parse(
    const char *buf, size_t len, struct manifest *out, struct ioc_err *err);

/* The entry of an asset ("base.txz"), or NULL (borrowed). */
const struct manifest_entry *manifest_find(
    const struct manifest *m, const char *asset);

/* Release a manifest (zeroed or NULL is fine). */
void manifest_free(struct manifest *m);

#endif /* IOC_MANIFEST_H */
