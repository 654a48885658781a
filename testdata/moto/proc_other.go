//go:build !linux

package moto

import "syscall"

// sysProcAttr is nil where the kernel cannot tie moto_server's life to the
// test binary's: Main and Stop end it.
func sysProcAttr() *syscall.SysProcAttr { return nil }
