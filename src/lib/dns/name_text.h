/* SPDX-License-Identifier: MIT
 * name_text.h - internal: a name as text for messages, never failing. Not installed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/** Write @p name as presentation text into @p out ("<bad name>" if it cannot be). */
void dd__name_text(const uint8_t *name, char *out, size_t len);
