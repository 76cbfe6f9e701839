const fs = require('fs');
const path = require('path');
app.get('/fixture/:name', (req, res) => res.send(fs.readFileSync(path.join(__dirname, req.params.name))));
