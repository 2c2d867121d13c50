#include <kern/sched.h>

/* thread_block() is gone in this release. */
