package pyn

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pyn-go/pyn/internal/cell"
)

// This file is the step loop. Simulate reads as the documented schedule
// (doc.go, "Schedule of one step"): validate the request, prepare the
// runtime (runtime.go), then per step the stages input → sample →
// integrate → propagate → plasticity, then finish the Result and persist
// it.

// run is one Simulate call's state: what the stages share.
type run struct {
	n      *Network
	rt     *netRuntime
	s      *Sim
	dt     float64
	nsteps int64

	stims   [][]*stimRT // per population, the compiled stimuli
	mons    []*monitor
	rec     recFlags // which derived inputs are recorded, per population
	plastic bool

	res      *Result
	stream   *stream
	ctx      context.Context
	done     <-chan struct{}
	progress func(Progress)
	sc       stepCtx
	pool     *workerPool // Sim.Threads > 1: parallel neuron updates and delivery
	// deferDelivery: a step's spikes are delivered and recorded at the
	// start of the next step's parallel phase (propagate); pending says
	// that the spikes of step pendStep, still in the populations' spikes,
	// wait.
	deferDelivery bool
	pending       bool
	pendStep      int64
	scan          []scanVar   // the state checkFinite scans (diverge.go)
	cross         [][]float64 // per population, the crossing fractions (Sim.SpikeTimes), or nil
}

// Simulate runs the network for s.T ms from its current state (a second
// call continues where the first stopped; Reset starts again). Errors
// name the culprit; a cancelled or diverging run returns the partial
// Result (Complete false) together with the error.
func (n *Network) Simulate(s Sim) (*Result, error) {
	if n == nil {
		return nil, errNilNet
	}
	dt, nsteps, err := n.validate(&s)
	if err != nil {
		return nil, err
	}
	if err := n.checkBudget(&s); err != nil {
		return nil, err
	}
	if err := n.prepare(dt, s.NoSTDP); err != nil {
		return nil, err
	}
	r := &run{n: n, rt: n.rt, s: &s, dt: dt, nsteps: nsteps}
	if err := r.setUp(); err != nil {
		return nil, err
	}
	if k := threads(s.Threads); k > 1 {
		r.pool = newWorkerPool(k, n.rt.pops)
		defer r.pool.stop()
		if r.deferDelivery = r.canDefer(); r.deferDelivery {
			for _, p := range n.rt.pops {
				if r.cross[p.idx] == nil {
					r.pool.dl.recs = append(r.pool.dl.recs, p)
				}
			}
		}
	}

	wall0 := time.Now()
	lastProgress := wall0
	var runErr error
	lastFinite := float64(n.step) * dt
	k := int64(0)
	for ; k < nsteps; k++ {
		if k&15 == 0 && k > 0 { // every 16 steps: Ctrl-C and progress
			if runErr = r.interrupted(); runErr != nil {
				break
			}
			if r.progress != nil {
				if now := time.Now(); now.Sub(lastProgress) >= 100*time.Millisecond {
					lastProgress = now
					r.progress(Progress{Fraction: float64(k) / float64(nsteps), T: float64(n.step) * dt, Wall: now.Sub(wall0)})
				}
			}
		}
		r.sc.step, r.sc.t = n.step, float64(n.step)*dt
		r.input(k)
		if runErr = r.sample(k); runErr != nil {
			break
		}
		if runErr = r.integrate(); runErr != nil {
			break
		}
		r.propagate()
		r.plasticity()
		n.step++
		if (k+1)%divergenceEvery == 0 || k+1 == nsteps {
			if runErr = r.checkFinite(lastFinite); runErr != nil {
				k++ // the step was taken: its spikes are in the Result
				break
			}
			lastFinite = float64(n.step) * dt
		}
	}
	r.flush()
	r.finish(k, time.Since(wall0), runErr == nil)
	if err := r.persist(); err != nil && runErr == nil {
		runErr = err
	}
	cell.Result(n, r.res) // a test hook (notebook golden hashes); a no-op otherwise
	return r.res, runErr
}

// validate checks the Sim against the network and returns the step and
// the number of steps.
func (n *Network) validate(s *Sim) (dt float64, nsteps int64, err error) {
	dt = s.Dt
	if dt == 0 {
		dt = defaultDt
	}
	if !finite(dt) || dt <= 0 {
		return 0, 0, inputErrorf("pyn: Simulate: dt = %v ms must be finite and > 0", s.Dt).param("Dt", s.Dt)
	}
	if !finite(s.T) || s.T < dt {
		return 0, 0, inputErrorf("pyn: Simulate: T = %v ms must be finite and at least one step (dt = %v ms)", s.T, dt).param("T", s.T)
	}
	if s.T/dt > 1<<53 {
		return 0, 0, newError(ErrTooLarge, "pyn: Simulate: T = %v ms at dt = %v ms is more than 2⁵³ steps", s.T, dt).param("T", s.T)
	}
	if s.Threads < 0 || s.Threads > maxThreads {
		return 0, 0, inputErrorf("pyn: Simulate: Threads = %d, want 0 (one per core) to %d", s.Threads, maxThreads).param("Threads", float64(s.Threads))
	}
	for name := range s.IExt {
		if n.Population(name) == nil {
			return 0, 0, notFoundf("pyn: IExt: unknown population %q", name).pop(name)
		}
	}
	return dt, int64(math.Floor(s.T/dt + 1e-9)), nil
}

// setUp compiles the stimuli and monitors, restores or reseeds what the
// previous run left, and makes the Result this run fills.
func (r *run) setUp() error {
	n, rt, s, dt := r.n, r.rt, r.s, r.dt
	if err := checkSpikeTimes(s, rt.pops); err != nil {
		return err
	}
	r.cross = wireCrossings(s, rt.pops)
	r.stims = make([][]*stimRT, len(rt.pops))
	for k, p := range rt.pops {
		list := s.IExt[p.p.Name]
		if len(list) > 0 && p.src {
			return inputErrorf("pyn: IExt: %q is a spike source and takes no current", p.p.Name).pop(p.p.Name)
		}
		st, err := compileStims(p.p.Name, p, list, dt, r.nsteps)
		if err != nil {
			return err
		}
		r.stims[k] = st
	}
	start := float64(n.step) * dt
	mons, err := compileMonitors(rt.pops, s, dt, r.nsteps, start)
	if err != nil {
		return err
	}
	r.mons = mons
	if n.step == 0 {
		// A fresh start takes the initial state from the parameters as
		// they are now (SetParam may have changed them since the network
		// was built, e.g. by Weights or Connections).
		for _, p := range rt.pops {
			p.p.m.reset()
		}
	}
	for _, p := range rt.pops {
		if err := p.p.m.prepare(dt); err != nil {
			return p.p.wrap(err)
		}
	}
	r.plastic = !s.NoSTDP
	if !rt.seeded {
		rt.seedStreams(s.Seed, 0)
	} else if s.Seed != rt.seed {
		rt.seedStreams(s.Seed, n.step)
	}
	if r.plastic && !rt.stdpWas {
		for _, pr := range rt.projs {
			if pr.stdp != nil {
				pr.stdp.reset() // traces went stale while plasticity was off
			}
		}
	}
	rt.stdpWas = r.plastic
	r.rec = wireMonitors(rt.pops, mons, dt)
	r.res = newResult(s, rt.pops, start, dt, r.plastic, r.nsteps)

	r.ctx, r.progress = s.Context, s.Progress
	if r.ctx == nil || r.progress == nil {
		actx, aprog := ambient()
		if r.ctx == nil {
			r.ctx = actx
		}
		if r.progress == nil {
			r.progress = aprog
		}
	}
	if r.ctx != nil {
		r.done = r.ctx.Done()
	}
	r.stream, err = openStream(s, r.res, mons, r.nsteps) // Sim.Stream, see stream.go
	if err != nil {
		return err
	}
	r.sc = stepCtx{dt: dt}
	return nil
}

// newResult makes the Result of a run: populations with their parameters
// as they are now and room for their spikes.
func newResult(s *Sim, pops []*popRT, start, dt float64, plastic bool, nsteps int64) *Result {
	res := &Result{Name: s.Name, Start: start, Dt: dt, Seed: s.Seed, STDP: plastic}
	res.Pops = make([]PopResult, len(pops))
	for k, p := range pops {
		pr := &res.Pops[k]
		pr.Name, pr.N, pr.Model = p.p.Name, p.n, p.p.m.kind()
		if em, ok := p.p.m.(*eqModel); ok {
			e := em.src.clone()
			pr.Equations = &e
		}
		pr.Params = map[string][]float64{}
		for _, name := range p.p.m.paramNames() {
			if v, ok := p.p.m.param(name); ok {
				pr.Params[name] = append([]float64(nil), v...)
			}
		}
		// Reserve room for the spikes at the previous run's rate, so that
		// the loop does not grow the slices step after step.
		hint := int(math.Min(p.rate*float64(nsteps)*1.25, 1<<24)) + 64
		p.spT, p.spID = make([]float64, 0, hint), make([]int32, 0, hint)
	}
	if s.IExt != nil {
		res.Stims = map[string][]Stim{}
		for name, list := range s.IExt {
			res.Stims[name] = append([]Stim(nil), list...)
		}
	}
	return res
}

// interrupted reports the context's error once it is cancelled.
func (r *run) interrupted() error {
	if r.done == nil {
		return nil
	}
	select {
	case <-r.done:
		return r.ctx.Err()
	default:
		return nil
	}
}

// input is stage 1: the synaptic currents and conductances due now form
// each population's input, and the active stimuli are added.
func (r *run) input(k int64) {
	step := r.sc.step
	for pi, p := range r.rt.pops {
		p.fused, p.fusedCond = false, false
		if p.src {
			p.in.I = nil
			continue
		}
		I := p.I
		stims := r.stims[pi]
		if !r.rec.syn[pi] && !r.rec.ext[pi] && len(p.chans) == 1 && p.chans[0].kind == Delta &&
			len(stims) == 1 && stims[0].plainNoise(k) {
			// The benchmark case: delta synapses and one noise stimulus
			// on every neuron, fused in one pass.
			st := stims[0]
			if f, ok := p.p.m.(fuser); ok && f.canFuse(&p.in) {
				p.fused = true
				p.fz = fusedInput{buf: p.chans[0].slot(step), scale: p.chans[0].scale, amp: st.s.Amp,
					h: st.held, draw: st.due(k), sd: st.s.Std, rng: p.noise}
				continue
			}
			r.flush() // the slot is read now
			if st.due(k) {
				p.chans[0].advanceDeltaDraw(step, I, st.s.Amp, st.held, st.s.Std, p.noise)
			} else {
				p.chans[0].advanceDeltaNoise(step, I, st.s.Amp, st.held)
			}
			p.in.I = I
			continue
		}
		if !r.rec.syn[pi] && !r.rec.ext[pi] && len(stims) == 0 && condPair(p) {
			// Two conductance channels and nothing else: the model folds
			// them in its own loop (lif_cond.go).
			if f, ok := p.p.m.(condFuser); ok && f.canFuseCond() {
				p.fusedCond = true
				continue
			}
		}
		// The first channel overwrites I, saving a clearing pass.
		if len(p.chans) == 0 {
			clear(I)
		} else {
			r.flush() // the slots are read now
		}
		for c, ch := range p.chans {
			ch.advance(step, I, c == 0)
		}
		if r.rec.syn[pi] {
			p.recordISyn(I)
		}
		// Recording must not change the arithmetic: the stimuli are
		// always added to I one by one, and I_ext is read off as the
		// difference (exact up to rounding).
		if r.rec.ext[pi] {
			copy(p.ext, I)
		}
		for _, st := range stims {
			st.apply(k, r.dt, I, p.noise)
		}
		if r.rec.ext[pi] {
			for i, x := range I {
				p.ext[i] = x - p.ext[i]
			}
		}
		p.in.I = I
	}
}

// sample is stage 2: monitors sample the state at t and the inputs of the
// step. A failed streamed write stops the run.
func (r *run) sample(k int64) error {
	for _, m := range r.mons {
		m.sample(k, r.sc.t)
	}
	return r.stream.failed()
}

// integrate is stage 3: every population integrates from t to t+dt and
// detects its spikes (stamped t, reset in the same step).
func (r *run) integrate() error {
	sc := &r.sc
	if r.pool != nil && r.pool.stepAll(sc, r.rt.pops, r.pending, r.pendStep) { // the populations that can go in one phase (threads.go)
		r.pending = false // delivered first in the phase
	}
	r.flush()
	for pi, p := range r.rt.pops {
		sc.rng = p.rng
		var err error
		split := false
		if r.pool != nil {
			split, err = r.pool.step(sc, p)
		}
		if split {
			// stepped in parallel (threads.go)
		} else if p.fused {
			p.spikes = p.p.m.(fuser).stepFused(sc, &p.fz, p.spikes[:0])
			err = fusedErr(p.p.m)
		} else if p.fusedCond {
			p.spikes, err = p.p.m.(condFuser).stepCond(sc, p, p.spikes[:0])
		} else {
			p.spikes, err = p.p.m.step(sc, &p.in, p.spikes[:0])
		}
		if err != nil {
			if r.deferDelivery { // the populations stepped before p keep this step's spikes
				r.record(r.rt.pops[:pi], sc.t)
			}
			hint := ""
			if !strings.Contains(err.Error(), "dt") {
				hint = "; try a smaller dt"
			}
			return stepError(p.p.Name, sc.step, sc.t, r.dt, err, hint)
		}
		if c := r.cross[p.idx]; c != nil {
			r.stampInterpolated(p, c)
			continue
		}
		if !r.deferDelivery {
			p.recordSpikes(sc.t)
		} // else recorded with the delivery (propagate)
	}
	return nil
}

// recordSpikes appends the step's spikes, stamped t, to the run's spike
// record. The record doubles when full: append grows a long slice by a
// quarter at a time, which copies a long run's record about four times.
func (p *popRT) recordSpikes(t float64) {
	if n := len(p.spT) + len(p.spikes); n > cap(p.spT) {
		p.spT = slices.Grow(p.spT, max(n, 2*cap(p.spT))-len(p.spT))
		p.spID = slices.Grow(p.spID, max(n, 2*cap(p.spID))-len(p.spID))
	}
	for _, i := range p.spikes {
		p.spT = append(p.spT, t)
		p.spID = append(p.spID, i)
	}
}

// propagate is stage 4: the step's spikes are queued in the per-delay
// ring buffers of the outgoing projections (they act from the step t +
// delay on, at least one step later, so the order of populations does not
// matter), and the recorded PSCs advance. With Sim.Threads > 1 a large
// delivery is split by channel and target neuron range (threads.go).
//
// With Sim.Threads > 1 the delivery waits, when nothing needs it before
// the next step's parallel phase (canDefer): that phase delivers the
// spikes first, in parts by channel and target range, and each unit of
// neurons then integrates as soon as the parts that write it are done
// (threads.go): one hand-over per step instead of two. The spikes are
// recorded in that phase too, in parts of their own, rather than by the
// calling goroutine between two phases. Whatever reads a slot before that
// (the input stage of an unfused population, the end of the run) delivers
// and records the waiting spikes first (flush). The slots' sums are made
// in the same order either way, and each population's record is in step
// order, so the bits are the same.
func (r *run) propagate() {
	step := r.sc.step
	if r.deferDelivery {
		r.pending, r.pendStep = true, step
	} else {
		r.deliver(step)
	}
	for _, p := range r.rt.pops {
		if r.rec.psc[p.idx] {
			p.psc.advance(p.spikes)
		}
	}
}

// deliver queues the spikes of step, in the populations' spikes, in the
// ring buffers of the outgoing projections, split by channel and target
// range when large (threads.go).
func (r *run) deliver(step int64) {
	if r.pool != nil && r.pool.propagate(r.rt.pops, step) {
		return
	}
	t := float64(step) * r.dt
	for _, p := range r.rt.pops {
		if len(p.spikes) == 0 {
			continue
		}
		for _, pr := range p.out {
			if pr.sm != nil {
				pr.onPre(p.spikes, step, t)
			} else {
				pr.deliver(p.spikes, step)
			}
		}
	}
}

// flush delivers and records the waiting spikes, if any.
func (r *run) flush() {
	if r.pending {
		r.pending = false
		r.deliver(r.pendStep)
		r.record(r.rt.pops, float64(r.pendStep)*r.dt)
	}
}

// record adds the spikes of pops, stamped t, to the run's spike record
// (the populations whose spike times are interpolated record theirs at
// once).
func (r *run) record(pops []*popRT, t float64) {
	for _, p := range pops {
		if r.cross[p.idx] == nil {
			p.recordSpikes(t)
		}
	}
}

// canDefer reports whether a step's delivery may wait for the next step's
// phase: no synapse model (its onPre runs in the serial order, at its
// time) and no active STDP (which updates the weights after they are
// delivered).
func (r *run) canDefer() bool {
	for _, pr := range r.rt.projs {
		if pr.sm != nil || (r.plastic && pr.stdp != nil) {
			return false
		}
	}
	return true
}

// plasticity is stage 5: STDP traces and weights are updated from this
// step's spikes.
func (r *run) plasticity() {
	for _, pr := range r.rt.projs {
		if pr.sm != nil && len(pr.to.spikes) > 0 {
			pr.onPost(pr.to.spikes, r.sc.t)
		}
	}
	if !r.plastic {
		return
	}
	for _, pr := range r.rt.projs {
		if pr.stdp != nil {
			pr.updateSTDP(pr.from.spikes, pr.to.spikes)
		}
	}
}

// finish fills the Result after k steps.
func (r *run) finish(k int64, wall time.Duration, ok bool) {
	res, rt := r.res, r.rt
	res.Wall = wall
	res.T = float64(k) * r.dt
	res.Complete = ok
	for i, p := range rt.pops {
		if k > 0 {
			p.rate = float64(len(p.spT)) / float64(k)
		}
		res.Pops[i].Spikes = Spikes{T: p.spT, ID: p.spID}
		p.spT, p.spID = nil, nil
	}
	for _, m := range r.mons {
		res.Pops[m.pop.idx].Traces = append(res.Pops[m.pop.idx].Traces, m.tr)
	}
	res.Conns = r.n.connResults(r.plastic)
	if r.s.KeepWeights {
		for i, pr := range rt.projs {
			w := &Weights{Pre: pr.spec.pre, Post: pr.spec.post}
			pr.appendWeights(w, r.dt)
			res.Conns[i].Weights = w
		}
	}
	if r.progress != nil && ok {
		r.progress(Progress{Fraction: 1, T: float64(r.n.step) * r.dt, Wall: wall})
	}
}

// persist completes the streamed folder or saves the Result (SaveData).
func (r *run) persist() error {
	if r.stream != nil {
		return r.stream.complete(r.res, r.mons)
	}
	if r.s.SaveData != "" {
		_, err := Save(r.res, r.s.SaveData)
		return err
	}
	return nil
}

// ambient returns the context and progress callback of the running
// notebook cell or script (set by the interpreter session), which apply to
// a Sim whose Context or Progress is unset.
func ambient() (context.Context, func(Progress)) {
	e := cell.Get()
	var progress func(Progress)
	if f := e.Progress; f != nil {
		progress = func(p Progress) { f(cell.Progress{Fraction: p.Fraction, T: p.T, Wall: p.Wall}) }
	}
	return e.Context, progress
}

// stepError names the population, step and time of a model's run-time
// error; its kind and neuron come from the model's error when it has them.
func stepError(pop string, step int64, t, dt float64, err error, hint string) error {
	e := newError(ErrDiverged, "pyn: population %q: step %d (t = %g ms, dt = %g ms): %w%s", pop, step, t, dt, err, hint).pop(pop).at(t)
	var me *Error
	if errors.As(err, &me) {
		e.Kind, e.Neuron = me.Kind, me.Neuron
		if me.Param != "" {
			e.Param, e.Value = me.Param, me.Value
		}
	}
	return e
}
