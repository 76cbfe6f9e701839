const fs = require('fs');

export default async (req, res) => {
  const filePath = req.query.filename;
  const fileName = filePath.substring(filePath.lastIndexOf('/') + 1);
  res.setHeader('content-disposition', 'attachment; filename=' + fileName);
  const filestream = fs.createReadStream(filePath); // expect: RS701
  filestream.pipe(res);
};
