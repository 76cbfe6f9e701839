import redis
print "hello"
exec "x = 1"
raise E, "v"
