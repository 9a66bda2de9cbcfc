/*
 * cfgfix.h - the fixture helper of the unit tests that build a plan from a
 * jail's configuration and the host defaults (test_fbplan, test_jparams,
 * test_netplan, test_props).  Include it after <cmocka.h> and "cfg.h".
 */
#ifndef IOC_CFGFIX_H
#define IOC_CFGFIX_H

/* Set k to v in c as "ioc set" stores it, or fail the test. */
static inline void
put(struct cfg *c, const char *k, const char *v)
{
	struct ioc_err err = {0};

	if (cfg_set(c, k, v, &err) != 0)
		fail_msg("cfg_set %s: %s", k, err.msg);
}

#endif /* IOC_CFGFIX_H */
