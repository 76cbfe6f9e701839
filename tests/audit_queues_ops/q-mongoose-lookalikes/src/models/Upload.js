const mongoose = require('mongoose');

const UploadSchema = new mongoose.Schema(
  {
    owner: { type: String, index: true },
    filename: String,
    size: Number,
    status: { type: String, enum: ['received', 'scanned', 'rejected'], default: 'received' },
  },
  { timestamps: true }
);

module.exports = mongoose.model('Upload', UploadSchema);
