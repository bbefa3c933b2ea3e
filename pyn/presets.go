package pyn

// TonicSpiking is the first row of pyN's parameter table.
var TonicSpiking = IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70}
