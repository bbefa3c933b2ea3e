//go:build linux

package pyn

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// systemMemory reads the machine's memory, the control group's limit and
// RLIMIT_AS.
func systemMemory() MemoryInfo {
	var m MemoryInfo
	if b, err := readSmall("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil && kb > 0 && kb < 1<<53 {
					m.Physical = kb * 1024
				}
			}
		}
	}
	m.Cgroup = cgroupLimit()
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &rl); err == nil && rl.Cur > 0 && uint64(rl.Cur) < 1<<62 {
		m.AddressSpace = int64(rl.Cur)
	}
	return m
}

// freeMemory returns MemAvailable of /proc/meminfo, or 0.
func freeMemory() int64 {
	b, err := readSmall("/proc/meminfo")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemAvailable:" {
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil && kb > 0 && kb < 1<<53 {
				return kb * 1024
			}
		}
	}
	return 0
}

// cgroupLimit returns the memory limit of the process's control group
// (v2 unified hierarchy, else v1), or 0.
func cgroupLimit() int64 {
	b, err := readSmall("/proc/self/cgroup")
	if err != nil {
		return 0
	}
	var best int64
	take := func(path string) {
		v, err := readSmall(path)
		if err != nil {
			return
		}
		s := strings.TrimSpace(string(v))
		if s == "max" {
			return
		}
		x, err := strconv.ParseInt(s, 10, 64)
		// v1 reports "no limit" as a huge page-rounded number.
		if err != nil || x <= 0 || x >= 1<<62 {
			return
		}
		if best == 0 || x < best {
			best = x
		}
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 {
			continue
		}
		switch {
		case f[0] == "0" && f[1] == "":
			// v2: the limit of this group and of each ancestor.
			for p := f[2]; ; {
				take("/sys/fs/cgroup" + strings.TrimSuffix(p, "/") + "/memory.max")
				if p == "/" || p == "" {
					break
				}
				p = p[:strings.LastIndex(p, "/")]
				if p == "" {
					p = "/"
				}
			}
		case hasName(strings.Split(f[1], ","), "memory"):
			take("/sys/fs/cgroup/memory" + f[2] + "/memory.limit_in_bytes")
			take("/sys/fs/cgroup/memory/memory.limit_in_bytes")
		}
	}
	return best
}

// readSmall reads at most 64 KiB of a /proc or /sys file.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n, err := f.Read(buf)
	if n > 0 {
		err = nil
	}
	return buf[:n], err
}

// freeDisk returns the bytes an unprivileged process may still write to
// the file system holding path.
func freeDisk(path string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, false
	}
	free := uint64(st.Bavail) * uint64(st.Bsize)
	if free > 1<<62 {
		free = 1 << 62
	}
	return int64(free), true
}
