/* SPDX-License-Identifier: MIT
 * dd.h - umbrella header of libdnssecdoctor. */

/**
 * @file
 * libdnssecdoctor: DNSSEC chain-of-trust analysis. Include this header for the whole API:
 * the primitives (keys, key tags, DS digests, NSEC3 hashes, RRSIG verification), record
 * parsing and zone-file reading. The library never prints and never exits; every function
 * that can fail returns a dd_error_t (see error.h).
 */
#pragma once

#include <dd/types.h>
#include <dd/error.h>
#include <dd/name.h>
#include <dd/rdata.h>
#include <dd/algorithm.h>
#include <dd/text.h>
#include <dd/key.h>
#include <dd/ds.h>
#include <dd/nsec3.h>
#include <dd/verify.h>
#include <dd/zonefile.h>
#include <dd/msg.h>
#include <dd/evidence.h>
#include <dd/probe.h>
#include <dd/finding.h>
#include <dd/analysis.h>
#include <dd/diagnosis.h>
#include <dd/views.h>
#include <dd/report.h>
#include <dd/zone.h>
#include <dd/preflight.h>
#include <dd/timing.h>
#include <dd/clock.h>

/** Library version string ("0.1.0"). */
DD_API const char *dd_version(void);
