#ifndef _KERN_SCHED_H_
#define _KERN_SCHED_H_

#define TH_RUN          0x08            /* runnable or running */

struct thread {
	int             state;
	int             sched_pri;
};

typedef struct thread *thread_t;

extern int sched_tick;

#endif /* _KERN_SCHED_H_ */
