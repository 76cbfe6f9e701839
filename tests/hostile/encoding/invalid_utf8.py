import redis
s = 'Ã( ¡'
