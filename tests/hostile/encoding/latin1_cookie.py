# -*- coding: latin-1 -*-
import redis
s = 'été'
