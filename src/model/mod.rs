//! The domain model: framework, course selection and students, as plain serde structs.

pub mod course;
pub mod framework;
pub mod student;

pub use course::{Course, Grading, Language, Level, Rounding};
pub use framework::Framework;
pub use student::Student;
