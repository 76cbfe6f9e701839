import redis
def f(:
  pass
