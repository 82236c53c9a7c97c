/*
 * The guest/host boundary.  Every host signal handler franca installs, and
 * so every trapped guest syscall (SIGSYS from Syscall User Dispatch),
 * enters through fr_signal_entry: before any C runs it opens the SUD
 * selector and puts the host's FS base back, and on the way out it restores
 * the FS base and selector the interrupted code had.  The restorer that
 * issues rt_sigreturn is the only code in the SUD-allowed range, so it runs
 * while the selector already says BLOCK again.
 */
#define T_SELF 0
#define T_HOST_FS 8
#define T_GUEST_FS 16
#define T_SELECTOR 24
#define T_INTR 25
#define SUD_ALLOW 0
#define SUD_BLOCK 1
#define SYS_rt_sigreturn 15
#define SYS_arch_prctl 158
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

	.text

/* Sets FS to the 64-bit value in %rax.  Clobbers rax rcx rdx rsi rdi r11. */
	.type set_fs, @function
set_fs:
	cmpl	$0, fr_have_fsgsbase(%rip)
	je	1f
	wrfsbase %rax
	ret
1:	mov	%rax, %rsi
	mov	$ARCH_SET_FS, %edi
	mov	$SYS_arch_prctl, %eax
	syscall
	ret
	.size set_fs, .-set_fs

/* Returns the FS base in %rax.  Clobbers rcx rdx rsi rdi r11 and 8 bytes below rsp. */
	.type get_fs, @function
get_fs:
	cmpl	$0, fr_have_fsgsbase(%rip)
	je	1f
	rdfsbase %rax
	ret
1:	sub	$8, %rsp
	mov	%rsp, %rsi
	mov	$ARCH_GET_FS, %edi
	mov	$SYS_arch_prctl, %eax
	syscall
	pop	%rax
	ret
	.size get_fs, .-get_fs

/*
 * void fr_signal_entry(int sig, siginfo_t *si, ucontext_t *uc)
 * calls fr_signal_dispatch(sig, si, uc, in_guest).
 * The interrupted selector tells guest code (BLOCK) from franca's (ALLOW).
 */
	.globl fr_signal_entry
	.type fr_signal_entry, @function
fr_signal_entry:
	movzbl	%gs:T_SELECTOR, %eax
	movb	$SUD_ALLOW, %gs:T_SELECTOR
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15			/* five pushes: rsp is 16-aligned */
	mov	%eax, %r15d		/* interrupted selector */
	mov	%edi, %ebx
	mov	%rsi, %r12
	mov	%rdx, %r13
	cmp	$SUD_BLOCK, %r15d
	jne	2f
	/* Guest code was running: keep its FS (it may wrfsbase itself). */
	call	get_fs
	mov	%rax, %gs:T_GUEST_FS
	mov	%gs:T_HOST_FS, %rax
	call	set_fs
2:	mov	%ebx, %edi
	mov	%r12, %rsi
	mov	%r13, %rdx
	mov	%r15d, %ecx		/* 1: it interrupted guest code */
	call	fr_signal_dispatch
	/* Back to the guest's FS, which a syscall such as sysarch may have changed. */
	cmp	$SUD_BLOCK, %r15d
	jne	3f
	mov	%gs:T_GUEST_FS, %rax
	call	set_fs
3:	mov	%r15d, %eax
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	movb	%al, %gs:T_SELECTOR
	ret				/* into fr_restorer */
	.size fr_signal_entry, .-fr_signal_entry

/*
 * void fr_enter_guest(uint64_t rip, uint64_t rsp, uint64_t rdi)
 * Loads the guest's FS base, closes the selector and jumps with a clean
 * register file, as FreeBSD's exec_setregs and cpu_set_upcall leave it.
 */
	.globl fr_enter_guest
	.type fr_enter_guest, @function
fr_enter_guest:
	mov	%rdi, %r12
	mov	%rsi, %r13
	mov	%rdx, %r14
	mov	%gs:T_GUEST_FS, %rax
	call	set_fs
	mov	%r13, %rsp
	mov	%r14, %rdi
	mov	%r12, %r11
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	push	$0x202			/* clean rflags: IF, nothing else */
	popfq
	movb	$SUD_BLOCK, %gs:T_SELECTOR
	jmp	*%r11
	.size fr_enter_guest, .-fr_enter_guest

/*
 * long fr_blocking_syscall(long nr, long a1, ..., long a6)
 * The window from the check of %gs:T_INTR to the syscall instruction is
 * known to franca's signal handler: a signal for the guest that lands in it
 * moves the thread to fr_intr_cancel, so the syscall never starts; one that
 * lands while the kernel blocks makes the syscall return -EINTR, because
 * franca's handlers have no SA_RESTART.  Without this, a signal arriving
 * just before a blocking call would wait until the call ended by itself.
 */
	.globl fr_blocking_syscall, fr_intr_window_start, fr_intr_window_end, fr_intr_cancel
	.type fr_blocking_syscall, @function
fr_blocking_syscall:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	mov	8(%rsp), %r9
fr_intr_window_start:
	cmpb	$0, %gs:T_INTR
	jne	fr_intr_cancel
	syscall
fr_intr_window_end:
	ret
fr_intr_cancel:
	mov	$-4, %rax		/* -EINTR */
	ret
	.size fr_blocking_syscall, .-fr_blocking_syscall

/* The SUD-allowed range: nothing but the signal return. */
	.balign 16
	.globl fr_restorer, fr_restorer_end
	.type fr_restorer, @function
fr_restorer:
	mov	$SYS_rt_sigreturn, %eax
	syscall
	/* The kernel checks the address after the syscall instruction. */
	ud2
fr_restorer_end:
	.size fr_restorer, .-fr_restorer

	.section .note.GNU-stack,"",@progbits
