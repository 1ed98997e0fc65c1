package com.surveyrelay.privacy;

import com.surveyrelay.survey.E164;

/**
 * Published (a Spring application event, in this instance only) once a number's data was erased, so that what this
 * instance keeps of the number in memory goes too. Other instances' copies are only hints that a conditional write
 * checks: the first write on one finds the object gone and reads again.
 *
 * @param phone the number erased
 */
public record RespondentErased(E164 phone) {
}
