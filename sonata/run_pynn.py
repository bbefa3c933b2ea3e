"""Run this SONATA circuit with PyNN.

    cd CIRCUIT && python3 run_pynn.py [neuron|nest|brian2]
    cd CIRCUIT && mpirun -np 4 python3 run_pynn.py neuron

PyNN's own SONATA reader builds the network (pyNN.serialization:
import_from_sonata, load_sonata_simulation_plan) and the simulation plan
runs it, writing output/spikes.h5 and the reports. The reader does not set
initial values, so this script applies the v_init, u_init and w_init that
pyn's export stores per node (PyNN keeps them as population annotations).
On rank 0 it prints one JSON line: neurons, synapses and spikes per
population, the run's wall time and the number of MPI ranks.
"""
import importlib
import json
import sys
import time

import numpy as np


def assemblies(net):
    """The network's assemblies in name order. PyNN's Network keeps them in
    a set, which each MPI rank iterates in its own order (Python's string
    hashing is randomised per process): a gather or reduction over them
    must run in one order on every rank, or it mixes up populations."""
    return sorted(net.assemblies, key=lambda a: a.label)


def execute(plan, net, sim):
    """PyNN's SimulationPlan.execute, except that the output is gathered on
    every rank and written by rank 0 only: PyNN 0.10.1 writes it on every
    rank, which fails on a rank without spikes ("ValueError: need at least
    one array to concatenate") and has the ranks write one file at once."""
    from pyNN.serialization.sonata import SonataIO

    plan._calculate_node_set_map(net)
    for input_config in plan.inputs.values():
        if input_config["input_type"] == "spikes":
            plan._set_input_spikes(input_config, net)
        elif input_config["input_type"] == "current_clamp":
            plan._set_input_currents(input_config, net)
        else:
            raise NotImplementedError("Only 'spikes' and 'current_clamp' supported")
    net.record("spikes", include_spike_source=False)
    for report_config in plan.reports.values():
        for (base_assembly, mask) in plan._get_target(report_config, net):
            base_assembly[mask].record(report_config["variable_name"])
    sim.run(plan.run_config["tstop"])
    blocks = [a.get_data(gather=True) for a in assemblies(net) if a.size > 0]
    if sim.rank() == 0:
        blocks = [b for b in blocks if any(len(st) for st in b.segments[0].spiketrains)]
        if blocks:
            io = SonataIO(plan.output["output_dir"],
                          spikes_file=plan.output.get("spikes_file", "spikes.h5"),
                          spikes_sort_order=plan.output["spikes_sort_order"],
                          report_config=plan.reports,
                          node_sets=plan.node_set_map)
            io.write(blocks)
    return blocks


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "neuron"
    sim = importlib.import_module("pyNN." + name)
    from pyNN.serialization import import_from_sonata, load_sonata_simulation_plan

    plan = load_sonata_simulation_plan("simulation_config.json")
    plan.setup(sim)
    t0 = time.time()
    net = import_from_sonata("circuit_config.json", sim)
    for assembly in assemblies(net):
        for pop in assembly.populations:
            init = {}
            for key, var in (("v_init", "v"), ("u_init", "u"), ("w_init", "w")):
                value = pop.annotations.get(key)
                if value is None or isinstance(value, str):
                    continue
                if var in pop.celltype.default_initial_values:
                    init[var] = np.asarray(value, dtype=float) if np.ndim(value) else float(value)
            if init:
                pop.initialize(**init)
    build = time.time() - t0
    t0 = time.time()
    execute(plan, net, sim)
    run = time.time() - t0
    try:
        from mpi4py import MPI
        comm = MPI.COMM_WORLD
    except ImportError:
        comm = None
    summary = {"engine": name, "ranks": sim.num_processes(), "build_s": build, "run_s": run,
               "populations": {}, "synapses": 0}
    for assembly in assemblies(net):
        n = assembly.size
        spikes = 0
        for pop in assembly.populations:
            if not pop.celltype.__class__.__name__.startswith("SpikeSource"):
                # Counted on each rank and summed with MPI: PyNN 0.10.1's
                # gathered counts mix up populations across ranks.
                local = int(sum(pop.get_spike_counts(gather=False).values()))
                spikes += comm.allreduce(local) if comm is not None else local
        summary["populations"][assembly.label] = {"n": int(n), "spikes": spikes}
    for prj in sorted(net.projections, key=lambda p: p.label):
        summary["synapses"] += int(prj.size(gather=True))
    if sim.rank() == 0:
        print("PYN-SONATA-SUMMARY " + json.dumps(summary), flush=True)
    sim.end()


if __name__ == "__main__":
    main()
