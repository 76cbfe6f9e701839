import redis
if x:
	if y:
        pass
