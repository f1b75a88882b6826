"""What goes public: the published yearly report and the disclosure of replies."""
