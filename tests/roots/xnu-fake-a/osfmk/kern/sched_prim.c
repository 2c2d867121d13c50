#include <kern/sched.h>

int sched_tick;
static int flags;       /* a file-scope variable named like a prose word */

static boolean_t
thread_invoke(
	thread_t        self,
	thread_t        thread,
	int             reason)
{
	flags = reason;
	return self != thread;
}
