//go:build !linux

package main

import (
	"context"
	"os"
)

// hidesInput is false where the terminal's echo cannot be turned off
// without a module of its own: the password is then read as a line, as
// from a script.
func hidesInput(*os.File) bool { return false }

func readHidden(context.Context, *os.File) (string, error) { return "", os.ErrInvalid }

// inUse cannot tell here whether a server has the database open; restore's
// help says to stop it first.
func inUse(string) bool { return false }
