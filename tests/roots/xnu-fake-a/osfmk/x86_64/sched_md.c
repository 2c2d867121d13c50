#include <kern/sched.h>

void
thread_block(void)
{
}

struct thread {
	int             x86_state;
};
