package daemon

import "time"

// NextFunc parses a cron spec (as Run accepts it) into a function giving
// the schedule's next time after a moment; alert digests use it, so that
// robfig/cron stays inside this package.
func NextFunc(spec string) (func(time.Time) time.Time, error) {
	sched, err := parseSchedule(spec)
	if err != nil {
		return nil, err
	}
	return sched.Next, nil
}
