#include <kern/sched.h>

int sched_tick;

static boolean_t
thread_invoke(
	thread_t        self,
	thread_t        thread,
	int             reason)
{
	return self != thread;
}
