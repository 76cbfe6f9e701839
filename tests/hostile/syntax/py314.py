import redis
try:
    pass
except ValueError, TypeError:
    pass
t = t"hi {x}"
