import redis
s = '\udcff í³¿'
