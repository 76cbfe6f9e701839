require('./public');
require('./internal');
