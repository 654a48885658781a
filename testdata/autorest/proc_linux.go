package autorest

import "syscall"

// sysProcAttr has the kernel kill the server when the test binary dies
// without stopping it (a test timeout panics past TestMain's cleanup).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
