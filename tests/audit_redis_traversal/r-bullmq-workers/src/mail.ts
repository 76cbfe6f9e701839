export async function sendEmail(data: unknown): Promise<void> { console.log(data); }
