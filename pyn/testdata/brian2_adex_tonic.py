# Reference for TestAdExEulerMatchesBrian2: AdEx tonic spiking (Naud et al. 2008,
# Table 1) under 500 pA from 10 to 510 ms, forward Euler at dt = 0.05 ms.
# Usage: python3 brian2_adex_tonic.py VCUT_MV METHOD   (Brian 2.5.1)
from brian2 import *
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.05*ms
C=200*pF; gL=10*nS; EL=-70*mV; VT=-50*mV; DeltaT=2*mV; a=2*nS; tauw=30*ms; b=0*pA; Vr=-58*mV
eqs = '''dv/dt = (-gL*(v-EL) + gL*DeltaT*exp((v-VT)/DeltaT) - w + I)/C : volt
dw/dt = (a*(v-EL) - w)/tauw : amp
I : amp'''
import sys
vcut = float(sys.argv[1])*mV
G = NeuronGroup(1, eqs, threshold='v>=vcut', reset='v=Vr; w+=b', method=sys.argv[2])
G.v = EL
M = SpikeMonitor(G)
G.I = 0*pA
run(10*ms)
G.I = 500*pA
run(500*ms)
G.I = 0*pA
run(10*ms)
print(len(M.t), [float(x/ms) for x in M.t[:2]], float(M.t[-1]/ms))
