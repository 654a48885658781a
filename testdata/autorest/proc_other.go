//go:build !linux

package autorest

import "syscall"

// sysProcAttr is nil where the kernel cannot tie the server's life to the
// test binary's: Main and Stop end it.
func sysProcAttr() *syscall.SysProcAttr { return nil }
