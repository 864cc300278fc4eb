/* SPDX-License-Identifier: MIT
 * b64.h - compatibility only: base64 moved to dns/ (dns/b64.h, in dns/text.c). Kept so that
 * probe/views.c, which is being rewritten on another branch, builds unchanged; remove this file
 * once its include reads "dns/b64.h". Not installed. */
#pragma once

#include "dns/b64.h"
