/* SPDX-License-Identifier: GPL-2.0-only */
/* lfprim sampler, as the built-in sampler sees it (see sampler.c). */
#ifndef _LFPRIM_KMOD_SAMPLER_H
#define _LFPRIM_KMOD_SAMPLER_H

void lfp_sampler_seed(void);

#endif /* _LFPRIM_KMOD_SAMPLER_H */
